import Mustache

// How templates read the view models. swift-mustache falls back to `Mirror` for any other value,
// which walks every stored property on every lookup and was a third of a 10,000-note build; a
// `MustacheParent` answers a name with one switch. A name missing here renders as nothing, exactly
// as a missing property does through `Mirror`; the golden fixture sites cover every template.

/// Every name the view models answer, for the check of templates against typos: the labels' keys
/// and, as a test keeps it, the names of the `child(named:)` switches below.
enum TemplateNames {
    static let known: Set<String> = Set(Labels.Key.allCases.map(\.rawValue)).union([
        "aliases", "backlinkGroups", "backlinks", "baseURL", "broken", "canonical", "cells", "children", "columns",
        "count", "countText",
        "cssClasses", "date", "description", "detail", "excerpt", "folded", "foldedText", "folders", "graphPage",
        "graphSVG", "hasFeed",
        "hasInfobox", "hasMath", "home", "html", "id", "incoming", "key", "kind", "kindLabels", "kinds", "label",
        "labels", "language", "level", "listing", "mostLinked", "name", "note", "noteCount", "notes", "numeric",
        "parent", "properties", "property", "recent", "root", "rows", "searchPage", "shown", "site", "sortKey", "structuredData",
        "subtags",
        "summary", "tagIndex", "tags", "text", "title", "toc", "type", "types", "updated", "url", "values",
    ])
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
        case "structuredData": structuredData
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
        case "baseURL": baseURL
        case "hasFeed": hasFeed
        default: nil
        }
    }
}

extension Labels: MustacheParent {
    public func child(named name: String) -> Any? { word(named: name) }
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
        case "backlinkGroups": backlinkGroups
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

extension NoteView.BacklinkGroup: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "label": label
        case "count": count
        case "shown": shown
        case "folded": folded
        case "foldedText": foldedText
        default: nil
        }
    }
}

extension HomeView: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "noteCount": noteCount
        case "countText": countText
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
        case "countText": countText
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
