import Foundation
import Testing

@testable import Mustache

/// The spec's generic data: what the test files give as JSON.
enum JSONValue: Decodable, MustacheValue {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? container.decode(Int.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func key(for name: Substring) -> String? { String(name) }

    func value(at path: ArraySlice<String>) -> JSONValue? {
        guard case .object(let fields) = self, let first = path.first, var value = fields[first] else { return nil }
        for key in path.dropFirst() {
            guard case .object(let inner) = value, let next = inner[key] else { return .null }
            value = next
        }
        return value
    }

    var section: MustacheSection {
        switch self {
        case .null, .bool(false): .hidden
        case .bool(true): .shown
        case .array(let items): .list(count: items.count)
        default: .pushed
        }
    }

    func item(at index: Int) -> JSONValue {
        guard case .array(let items) = self else { return .null }
        return items[index]
    }

    func write(to output: inout [UInt8], escaped: Bool) {
        let text: String
        switch self {
        case .null, .array, .object: return
        case .bool(let bool): text = String(bool)
        case .integer(let integer): text = String(integer)
        case .number(let number): text = String(number)
        case .string(let string): text = string
        }
        if escaped { output.appendHTMLEscaped(text) } else { output.appendRaw(text) }
    }

    var isEmpty: Bool? {
        switch self {
        case .array(let items): items.isEmpty
        case .string(let string): string.isEmpty
        default: nil
        }
    }

    static func boolean(_ value: Bool) -> JSONValue { .bool(value) }
}

/// Every test of the official Mustache spec's core modules and of `~inheritance`, from
/// `../shared/spec/mustache` (skipped, saying so, where that folder is absent). Lambdas and
/// dynamic names are optional modules kb leaves out.
@Suite struct MustacheSpecTests {
    struct SpecTest: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var data: JSONValue
        var template: String
        var partials: [String: String]?
        var expected: String
        var module = ""
        var testDescription: String { "\(module): \(name)" }

        enum CodingKeys: String, CodingKey { case name, data, template, partials, expected }
    }
    struct SpecFile: Decodable { var tests: [SpecTest] }

    static let specFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/spec/mustache")
    static let modules = [
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance",
    ]

    static func tests() -> [SpecTest] {
        modules.flatMap { module -> [SpecTest] in
            guard
                let data = FileManager.default.contents(
                    atPath: specFolder.appendingPathComponent(module + ".json").path),
                let file = try? JSONDecoder().decode(SpecFile.self, from: data)
            else { return [] }
            return file.tests.map {
                var test = $0
                test.module = module
                return test
            }
        }
    }

    @Test func theSpecIsThere() throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.specFolder.path), "skipped: \(Self.specFolder.path) is absent")
        #expect(Self.tests().count == 163)
    }

    @Test(arguments: tests())
    func specTest(_ test: SpecTest) {
        let partials = (test.partials ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) }
        let library = TemplateLibrary<JSONValue>([(name: "", text: test.template)] + partials)
        #expect(library.errors.isEmpty)
        let output = String(decoding: library.render(0, test.data), as: UTF8.self)
        #expect(output == test.expected, "\(test.template.debugDescription)")
    }
}
