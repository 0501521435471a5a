import Foundation

/// What the loader leaves out of the content folder: site.yml's `exclude:` patterns. As in
/// `.gitignore`, the last rule that matches a path decides.
struct Exclusions {
    enum Rule {
        case pattern(ExcludePattern)
    }

    var rules: [Rule] = []

    /// Whether `path` (relative to the content folder) is left out.
    func excludes(_ path: String, isFolder: Bool) -> Bool {
        for rule in rules.reversed() {
            switch rule {
            case .pattern(let pattern):
                if pattern.matches(path, isFolder: isFolder) { return !pattern.negated }
            }
        }
        return false
    }
}
