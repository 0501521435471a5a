import Testing

@testable import KnowledgeBase

/// The page furniture's words: one table per language, chosen from `language:`, each word
/// replaceable under `labels:` in `site.yml`.
@Suite struct LabelTests {
    @Test func theLanguageTagChoosesTheTable() {
        for (language, contents) in [
            ("zh-CN", "目录"), ("zh", "目录"), ("zh-Hans", "目录"), ("zh-TW", "目錄"), ("zh-Hant", "目錄"),
            ("zh_HK", "目錄"), ("zh-Hant-MO", "目錄"), ("ja", "目次"), ("ja-JP", "目次"), ("en-GB", "Contents"),
            ("fr", "Contents"), ("", "Contents"),
        ] {
            #expect(Labels(language: language)[.contents] == contents, "\(language)")
        }
    }

    @Test func everyTableHasAWordForEveryLabel() {
        for language in ["en", "zh-CN", "zh-TW", "ja"] {
            let labels = Labels(language: language)
            for key in Labels.Key.allCases where key != .incomingPrefix && key != .incomingSuffix {
                #expect(!labels[key].isEmpty, "\(language) \(key)")
            }
            for key in [Labels.Key.noteCountOne, .noteCountOther, .linkCountOne, .linkCountOther] {
                #expect(labels[key].contains("{count}"), "\(language) \(key)")
            }
        }
        // A table that copied English would show English furniture on a Chinese site.
        let english = Labels(language: "en")
        for language in ["zh-CN", "zh-TW", "ja"] {
            let labels = Labels(language: language)
            let same = Labels.Key.allCases.filter {
                labels[$0] == english[$0] && !english[$0].isEmpty && $0 != .calloutTodo
            }
            #expect(same.isEmpty, "\(language): \(same)")
        }
    }

    @Test func countsSaySingularForOneInEnglish() {
        let english = Labels(language: "en")
        #expect(english.count(1, one: .noteCountOne, other: .noteCountOther) == "1 note")
        #expect(english.count(0, one: .noteCountOne, other: .noteCountOther) == "0 notes")
        #expect(english.count(12, one: .linkCountOne, other: .linkCountOther) == "12 links")
        #expect(Labels(language: "zh-CN").count(1, one: .noteCountOne, other: .noteCountOther) == "1 篇笔记")
    }

    @Test func siteYAMLReplacesLabelsAndReportsUnknownOnes() {
        let (settings, diagnostics) = PropertyLabelTests.settings(
            "language: zh-CN\nlabels:\n  linkedFrom: 提及本页\n  backlink: x\n  noteCountOther: 共 {count} 篇\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("Content/site.yml:4:3: warning: there is no label \"backlink\"") == true)
        let labels = Labels(settings)
        #expect(labels[.linkedFrom] == "提及本页")
        #expect(labels[.contents] == "目录", "the others stay the language's")
        #expect(labels.count(3, one: .noteCountOne, other: .noteCountOther) == "共 3 篇")
        #expect(
            PropertyLabelTests.settings("labels: [a]\n").1 == [
                "Content/site.yml:1:9: error: \"labels\" must map each label's name to its words"
            ])
    }

    @Test func theFurnitureOfABuiltSiteIsInItsLanguage() async throws {
        let result = try await HostileCasesTests.build([
            "site.yml": "title: 站\nlanguage: zh-TW\nlabels:\n  calloutTip: 小提醒\n",
            "a.md":
                "---\ntitle: 甲\nparent: \"[[不存在的公司]]\"\n---\n正文[^1]，見 [[未寫的筆記]]。\n\n> [!tip]\n> 內容\n\n- [ ] 待辦\n- [x] 完成\n\n> [!todo]\n> - [ ] 框內\n\n[^1]: 註腳\n",
        ])
        let page = HostileCasesTests.page(result, "a.html")
        #expect(page.contains("aria-label=\"目前位置\""))
        #expect(page.contains("data-footnote-backref aria-label=\"返回正文\""))
        #expect(!page.contains("Back to content"))
        // A task's checkbox has a name for screen readers, in a callout too (axe's `label`).
        #expect(page.components(separatedBy: "<input type=\"checkbox\"").count == 4)
        #expect(page.components(separatedBy: "disabled=\"\" aria-label=\"任務\" />").count == 4)
        #expect(page.contains("title=\"尚未寫成: 未寫的筆記\""))
        #expect(page.contains("<span class=\"broken-link\" title=\"尚未寫成\">不存在的公司</span>"))
        #expect(page.contains("小提醒"))
        #expect(HostileCasesTests.page(result, "index.html").contains("<p class=\"count\">1 篇筆記</p>"))

        let english = try await HostileCasesTests.build([
            "site.yml": "title: Site\nlanguage: en\n", "a.md": "---\ntitle: A\n---\nText.\n",
        ])
        #expect(HostileCasesTests.page(english, "index.html").contains("<p class=\"count\">1 note</p>"))
    }
}
