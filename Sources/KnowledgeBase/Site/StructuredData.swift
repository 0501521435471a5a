/// A note as schema.org JSON-LD, so that search engines read the knowledge graph: the page is a
/// `WebPage` about the note's entity, typed from the note's `type:` (Organization, Person, Place,
/// Event, CreativeWork, Product, else Thing), with its relations: those schema.org names (a
/// founder, a location, an author …) as its own properties, and every relation and link among
/// what the page `mentions`. URLs are absolute with `base_url`, else relative to the page.
enum StructuredData {
    /// schema.org's type for a note's `type:` value, by its usual English names.
    static func schemaType(_ type: String?) -> String {
        switch type.map(NameKey.make) {
        case "organization", "organisation", "company", "org", "institution", "fund", "university", "school":
            "Organization"
        case "person", "people", "author": "Person"
        case "place", "city", "location", "country", "region", "landmark": "Place"
        case "event", "conference", "meeting": "Event"
        case "book", "article", "paper", "source", "work", "film", "policy", "plan", "report": "CreativeWork"
        case "product", "software", "model", "app", "application": "Product"
        default: "Thing"
        }
    }

    /// The schema.org property a relation key stands for on an entity of `type`, when it has one.
    static func schemaProperty(_ key: String, on type: String) -> String? {
        let name: String? =
            switch NameKey.make(key) {
            case "founder", "founders", "founded_by": "founder"
            case "parent", "parent_organization": type == "Organization" ? "parentOrganization" : nil
            case "located_in", "location", "headquarters": type == "Place" ? "containedInPlace" : "location"
            case "author", "authors", "byline": "author"
            case "developer", "creator", "maker": type == "Organization" || type == "Person" ? nil : "creator"
            case "publisher": "publisher"
            case "member_of", "affiliation": type == "Person" ? "affiliation" : "memberOf"
            case "organizer", "organiser", "announced_by": type == "Event" ? "organizer" : nil
            default: nil
            }
        return name
    }

    /// `link(target)` gives a related note's title, URL and `type:`.
    static func jsonLD(
        note: Note, url: String, properties: [PropertyRow], links: [Int], type: String?,
        link: (Int) -> (title: String, url: String, type: String?)
    ) -> String {
        let schema = schemaType(type)
        var entity: [(String, String)] = [("@type", quote(schema)), ("name", quote(note.title.text))]
        if !note.aliases.isEmpty { entity.append(("alternateName", list(note.aliases.map { quote($0.text) }))) }
        if let summary = note.summary { entity.append(("description", quote(summary))) }
        var byProperty: [String: [String]] = [:]
        var order: [String] = []
        var mentioned: [Int] = []
        for row in properties {
            for target in row.values.compactMap(\.target) {
                if !mentioned.contains(target) { mentioned.append(target) }
                guard let property = schemaProperty(row.key, on: schema) else { continue }
                if byProperty[property] == nil { order.append(property) }
                byProperty[property, default: []].append(thing(link(target)))
            }
        }
        for property in order { entity.append((property, list(byProperty[property] ?? []))) }
        for target in links where !mentioned.contains(target) { mentioned.append(target) }
        var page: [(String, String)] = [
            ("@context", quote("https://schema.org")), ("@type", quote("WebPage")), ("url", quote(url)),
            ("name", quote(note.title.text)),
        ]
        if let date = note.date { page.append(("dateCreated", quote(date.description))) }
        if let updated = note.updated { page.append(("dateModified", quote(updated.description))) }
        page.append(("about", object(entity)))
        if !mentioned.isEmpty { page.append(("mentions", list(mentioned.map { thing(link($0)) }))) }
        return object(page)
    }

    private static func thing(_ target: (title: String, url: String, type: String?)) -> String {
        object([("@type", quote(schemaType(target.type))), ("name", quote(target.title)), ("url", quote(target.url))])
    }

    private static func quote(_ text: String) -> String { JSONText.quote(text) }

    private static func list(_ items: [String]) -> String {
        items.count == 1 ? items[0] : "[" + items.joined(separator: ",") + "]"
    }

    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
