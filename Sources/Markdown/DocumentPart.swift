import CCmarkGFM
import Foundation

/// The part of a document an embed shows: `![[Note]]`, `![[Note#Heading]]`, `![[Note#^id]]`.
public enum DocumentPart: Sendable, Hashable {
    case whole
    /// The section under the heading written, up to the next heading of its level or higher.
    case section(String)
    /// The block with this id (without its `^`), after `assignBlockIDs`.
    case block(String)
}

extension MarkdownDocument {
    /// Cuts the document down to `part`, before `prepareForWeb`; false, and the document as it
    /// was, when it has no such heading or block.
    public func keepOnly(_ part: DocumentPart) -> Bool {
        if part == .whole { return true }
        // Footnote definitions stand at the end, outside any section: taken aside, and those the
        // part still refers to put back. A reference must never outlive its definition, which
        // cmark reads when it renders the reference.
        var definitions: [OpaquePointer] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            child = cmark_node_next(node)
            if cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION {
                cmark_node_unlink(node)
                definitions.append(node)
            }
        }
        let kept = cut(to: part)
        if kept { forgetRemovedBlocks() }
        let referenced = footnoteLabels()
        for definition in definitions {
            if !kept || referenced.contains(footnoteLabel(definition, after: "id=\"fn-")) {
                cmark_node_append_child(root, definition)
            } else {
                cmark_node_free(definition)
            }
        }
        return kept
    }

    /// The ids of blocks the cut freed must go before anything is allocated again, which could
    /// reuse their addresses.
    private func forgetRemovedBlocks() {
        var live: Set<OpaquePointer> = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { live.insert(node) }
        }
        cmark_iter_free(iterator)
        paragraphIDs = paragraphIDs.filter { live.contains($0.key) }
        blocksByID = blocksByID.filter { live.contains($0.value) }
    }

    private func footnoteLabels() -> Set<String> {
        var labels: Set<String> = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_REFERENCE
            {
                labels.insert(footnoteLabel(node, after: "href=\"#fn-"))
            }
        }
        cmark_iter_free(iterator)
        return labels
    }

    /// cmark's API gives no footnote's label (its literal reads empty), but its HTML holds it.
    private func footnoteLabel(_ node: OpaquePointer, after marker: String) -> String {
        let html = render(node)
        guard let start = html.range(of: marker)?.upperBound, let end = html[start...].firstIndex(of: "\"")
        else { return "" }
        return String(html[start..<end])
    }

    private func cut(to part: DocumentPart) -> Bool {
        switch part {
        case .whole:
            return true
        case .block(let id):
            guard let block = blocksByID[id] else { return false }
            cmark_node_unlink(block)
            removeChildren(of: root)
            if cmark_node_get_type(block) == CMARK_NODE_ITEM {
                // A list item shows as its content, not as a list of one.
                while let child = cmark_node_first_child(block) { cmark_node_append_child(root, child) }
                cmark_node_free(block)
            } else {
                cmark_node_append_child(root, block)
            }
            return true
        case .section(let heading):
            let wanted = HeadingIDs.base(for: heading)
            var start = cmark_node_first_child(root)
            while let node = start,
                cmark_node_get_type(node) != CMARK_NODE_HEADING || HeadingIDs.base(for: plainText(node)) != wanted
            {
                start = cmark_node_next(node)
            }
            guard let start else { return false }
            let level = cmark_node_get_heading_level(start)
            while let previous = cmark_node_previous(start) { cmark_node_free(previous) }
            var end = cmark_node_next(start)
            while let node = end,
                cmark_node_get_type(node) != CMARK_NODE_HEADING || cmark_node_get_heading_level(node) > level
            {
                end = cmark_node_next(node)
            }
            while let node = end {
                end = cmark_node_next(node)
                cmark_node_free(node)
            }
            return true
        }
    }

    private func removeChildren(of node: OpaquePointer) {
        while let child = cmark_node_first_child(node) { cmark_node_free(child) }
    }
}
