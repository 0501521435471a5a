import Testing

@testable import KnowledgeBase

/// `properties:` in `site.yml`: how a key and its relation read from the note it points at.
@Suite struct PropertyLabelTests {
    static func settings(_ yaml: String) -> (SiteSettings, [String]) {
        let file = SourceFile(path: "site.yml", displayPath: "Content/site.yml", bytes: Array(yaml.utf8))
        let (settings, diagnostics) = SiteSettings.parse(file)
        return (settings, diagnostics.map(\.description))
    }

    @Test func aLabelAloneOrWithItsIncomingLabel() {
        let (settings, diagnostics) = Self.settings(
            "properties:\n  developer: {label: 开发者, incoming: 开发的模型}\n  ceo: 首席执行官\n")
        #expect(diagnostics.isEmpty)
        #expect(settings.propertyLabels["developer"] == PropertyLabel(label: "开发者", incoming: "开发的模型"))
        #expect(settings.propertyLabels["ceo"] == PropertyLabel(label: "首席执行官"))
    }

    @Test func aWrongShapeIsReportedAtItsPlace() {
        let (_, diagnostics) = Self.settings("properties:\n  developer: {label: 开发者, reverse: x}\n")
        #expect(
            diagnostics == ["Content/site.yml:2:27: warning: a property's label has only \"label\" and \"incoming\""])
        #expect(
            Self.settings("properties: [a]\n").1 == [
                "Content/site.yml:1:13: error: \"properties\" must map each property to its label"
            ])
    }

    @Test func unlabelledRelationsReadTheOtherWayWithoutASuffix() {
        let (index, _) = EntityIndex.build(notes: [], assets: [])
        let graph = LinkGraph(index: index, rendered: [])
        for (language, expected) in [("zh-CN", "以其为 developer"), ("en", "developer of")] {
            var settings = SiteSettings()
            settings.language = language
            let builder = SiteBuilder(index: index, rendered: [], graph: graph, settings: settings)
            #expect(builder.incomingLabel("developer") == expected)
            settings.propertyLabels["developer"] = PropertyLabel(label: "开发者")
            let labelled = SiteBuilder(index: index, rendered: [], graph: graph, settings: settings)
            #expect(labelled.label("developer") == "开发者")
            #expect(labelled.incomingLabel("developer") == (language == "en" ? "开发者 of" : "以其为开发者"))
        }
    }
}
