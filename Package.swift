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
        // Debian's ICU (libicu-dev) behind C functions and types of kb's own: ICU renames its
        // functions per version by macros, which Swift cannot import, and Foundation carries its
        // own copy of ICU's headers, whose types clash with Debian's. Collation orders names on
        // sites in languages other than Chinese (Index/Collation.swift); regular expressions
        // with a step limit keep a query's pattern from hanging the build (Query/QueryRegex.swift),
        // which Foundation's NSRegularExpression cannot.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        .target(name: "Mustache"),
        // OpenCC's traditional-to-simplified table, read once a build, folds Chinese variants for
        // search (Search/ChineseVariants.swift).
        .systemLibrary(name: "COpenCC", pkgConfig: "opencc", providers: [.apt(["libopencc-dev"])]),
        .target(
            name: "KnowledgeBase",
            dependencies: [
                "Markdown",
                "COpenCC",
                "CICU",
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
