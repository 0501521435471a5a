import Mustache

// How templates read the view models. swift-mustache falls back to `Mirror` for any other value,
// which walks every stored property on every lookup and was a third of a 10,000-note build; a
// `MustacheParent` answers a name with one switch. A name missing here renders as nothing, exactly
// as a missing property does through `Mirror`; the golden fixture sites cover every template.

/// Every name the view models answer, for the check of templates against typos. A test keeps it
/// equal to the names of the `child(named:)` switches below.
enum TemplateNames {
    static let known: Set<String> = [
        "aliases", "allTags", "backlinks", "backlinksCount", "broken", "canonical", "cells", "children", "columns",
        "contents",
        "count", "cssClasses", "date", "description", "detail", "excerpt", "facts", "feed", "folders", "graph",
        "graphNoScript", "graphPage",
        "graphSVG", "hasFeed", "hasInfobox", "hasMath", "home", "html", "id", "incoming", "key",
        "kind",
        "kindEmbed", "kindLabels", "kindLink", "kindMention", "kindQuery", "kindRelation", "kinds", "label", "labels",
        "language",
        "level",
        "linkedFrom", "listing", "mostLinked", "name", "neighbours", "notFound", "notFoundText", "notWrittenYet",
        "note", "noteCount",
        "notes", "numeric", "parent", "properties", "property", "recent", "recentlyUpdated", "related", "root", "rows",
        "search", "searchNoScript", "searchPage", "searchPlaceholder", "site", "skipToContent", "sortKey", "subtags",
        "summary",
        "tagIndex", "tags", "text", "title", "toc", "type", "types", "updated", "url", "values",
    ]
}

extension PageContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "root": root
        case "title": title
        case "description": description
        case "canonical": canonical
        case "note": note
        case "home": home
        case "listing": listing
        case "tagIndex": tagIndex
        case "searchPage": searchPage
        case "graphPage": graphPage
        case "hasMath": hasMath
        default: nil
        }
    }
}

extension SiteView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "description": description
        case "language": language
        case "labels": labels
        case "hasFeed": hasFeed
        default: nil
        }
    }
}

extension Labels: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "contents": contents
        case "facts": facts
        case "related": related
        case "linkedFrom": linkedFrom
        case "notes": notes
        case "tags": tags
        case "skipToContent": skipToContent
        case "notFound": notFound
        case "notFoundText": notFoundText
        case "home": home
        case "types": types
        case "mostLinked": mostLinked
        case "recentlyUpdated": recentlyUpdated
        case "allTags": allTags
        case "search": search
        case "searchPlaceholder": searchPlaceholder
        case "searchNoScript": searchNoScript
        case "graphNoScript": graphNoScript
        case "graph": graph
        case "neighbours": neighbours
        case "name": self.name
        case "backlinksCount": backlinksCount
        case "feed": feed
        case "aliases": aliases
        case "date": date
        case "updated": updated
        case "summary": summary
        case "kindLink": kindLink
        case "kindEmbed": kindEmbed
        case "kindRelation": kindRelation
        case "kindMention": kindMention
        case "kindQuery": kindQuery
        case "notWrittenYet": notWrittenYet
        case "folders": folders
        default: nil
        }
    }
}

extension FolderView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "folders": folders
        case "notes": notes
        default: nil
        }
    }
}

extension LinkView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        default: nil
        }
    }
}

extension ValueView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "text": text
        // A plain value answers `false`, not nothing: Mustache would look further up the stack
        // and find the `url` of the row or note around it, making the text a link.
        case "url": url ?? false
        case "broken": broken
        default: nil
        }
    }
}

extension NoteView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "type": type
        case "summary": summary
        case "date": date
        case "updated": updated
        case "aliases": aliases
        case "tags": tags
        case "html": html
        case "toc": toc
        case "properties": properties
        case "incoming": incoming
        case "backlinks": backlinks
        case "graphSVG": graphSVG
        case "hasInfobox": hasInfobox
        case "folders": folders
        case "cssClasses": cssClasses
        case "children": children
        default: nil
        }
    }
}

extension NoteView.TagView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": url
        default: nil
        }
    }
}

extension NoteView.TOCEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "level": level
        case "text": text
        case "id": id
        case "children": children
        default: nil
        }
    }
}

extension NoteView.PropertyView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "label": label
        case "values": values
        default: nil
        }
    }
}

extension NoteView.IncomingView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "property": property
        case "label": label
        case "notes": notes
        default: nil
        }
    }
}

extension NoteView.BacklinkView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "kinds": kinds
        case "kindLabels": kindLabels
        case "excerpt": excerpt
        default: nil
        }
    }
}

extension HomeView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "noteCount": noteCount
        case "types": types
        case "mostLinked": mostLinked
        case "recent": recent
        case "html": html
        case "children": children
        default: nil
        }
    }
}

extension HomeView.TypeEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": url
        case "count": count
        default: nil
        }
    }
}

extension HomeView.NoteEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "summary": summary
        case "detail": detail
        default: nil
        }
    }
}

extension ListingView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "kind": kind
        case "parent": parent
        case "count": count
        case "columns": columns
        case "rows": rows
        case "folders": folders
        case "subtags": subtags
        default: nil
        }
    }
}

extension ListingView.Column: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "numeric": numeric
        default: nil
        }
    }
}

extension ListingView.Cell: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "values": values
        case "sortKey": sortKey
        default: nil
        }
    }
}

extension ListingView.Row: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "sortKey": sortKey
        case "cells": cells
        default: nil
        }
    }
}

extension TagIndexView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "tags": tags
        default: nil
        }
    }
}

extension TagIndexView.Entry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "url": url
        case "count": count
        default: nil
        }
    }
}
