import ArgumentParser

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Render Markdown documentation (being built).")
}
