// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "kb",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kb", targets: ["kb"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Debian's HTML5 parser, for the author's raw HTML (`HTMLSanitizer`).
        .systemLibrary(name: "CGumbo", pkgConfig: "gumbo", providers: [.apt(["libgumbo-dev"])]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM", "CGumbo"]),
        .target(name: "Mustache"),
        // OpenCC's traditional-to-simplified table, read once a build, folds Chinese variants for
        // search (Search/ChineseVariants.swift).
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        // ICU's regular expressions with a step limit, so that a query's pattern cannot hang the
        // build (Query/QueryRegex.swift); Foundation's NSRegularExpression has no such limit.
        // Debian's libicu-dev, behind C types of its own (Sources/ICURegex/include).
        .target(name: "ICURegex", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        .target(
            name: "KnowledgeBase",
            dependencies: [
                "Markdown",
                "COpenCC",
                "ICURegex",
                .product(name: "Yams", package: "Yams"),
                "Mustache",
            ]
        ),
        .target(name: "Serve", dependencies: ["KnowledgeBase"]),
        .executableTarget(name: "kb-fuzz", dependencies: ["KnowledgeBase", "Markdown", "Serve"]),
        .executableTarget(
            name: "kb",
            dependencies: [
                "KnowledgeBase",
                "Markdown",
                "Serve",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc replaces glibc's malloc for the whole process (Swift's runtime included):
            // a build allocates millions of small strings and arrays on every core, and glibc's
            // allocator was a tenth of its time. See BENCHMARKS.md.
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "MustacheTests", dependencies: ["Mustache"]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "KnowledgeBase"]),
        .testTarget(
            name: "KnowledgeBaseTests",
            dependencies: ["KnowledgeBase", "Markdown"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
