#!/usr/bin/env bash
# The Xcode-only code of the plugins (`#if canImport(XcodeProjectPlugin)` extensions) cannot be compiled where Xcode
# is absent. This type-checks each plugin with it against a stand-in `XcodeProjectPlugin` module that declares the
# parts of Xcode's API the plugins use (XcodePluginContext: xcodeProject, pluginWorkDirectoryURL, tool(named:);
# XcodeProject: directoryURL, targets; XcodeTarget: displayName, inputFiles; the two plugin protocols).
set -euo pipefail
cd "$(dirname "$0")/.."
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
API="$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/pm/PluginAPI"
[ -d "$API" ] || { echo "skip: PackagePlugin module not found at $API"; exit 0; }
cat >"$T/XcodeProjectPlugin.swift" <<'SWIFT'
import Foundation
import PackagePlugin

public struct XcodePluginContext {
    public var xcodeProject: XcodeProject { fatalError() }
    public var pluginWorkDirectoryURL: URL { fatalError() }
    public func tool(named name: String) throws -> PluginContext.Tool { fatalError() }
}
public struct XcodeProject {
    public var displayName: String { fatalError() }
    public var directoryURL: URL { fatalError() }
    public var targets: [XcodeTarget] { fatalError() }
}
public struct XcodeTarget {
    public var displayName: String { fatalError() }
    public var inputFiles: FileList { fatalError() }
}
public protocol XcodeBuildToolPlugin {
    func createBuildCommands(context: XcodePluginContext, target: XcodeTarget) throws -> [Command]
}
public protocol XcodeCommandPlugin {
    func performCommand(context: XcodePluginContext, arguments: [String]) throws
}
SWIFT
swiftc -emit-module -parse-as-library -module-name XcodeProjectPlugin -I "$API" -swift-version 6 -package-description-version 6.1.0 \
  -emit-module-path "$T/XcodeProjectPlugin.swiftmodule" "$T/XcodeProjectPlugin.swift"
failed=0
for plugin in SemConvGenerator SemConvGenerateCommand SemConvLintCommand; do
  grep -q "canImport(XcodeProjectPlugin)" "Plugins/$plugin/plugin.swift" || { echo "FAIL: $plugin has no Xcode entry point"; failed=1; continue; }
  if swiftc -typecheck -parse-as-library -swift-version 6 -package-description-version 6.1.0 -I "$API" -I "$T" \
       "Plugins/$plugin/plugin.swift" Plugins/Shared/SemConvPlugin.swift >"$T/$plugin.log" 2>&1 \
     && ! grep -q "warning:" "$T/$plugin.log"; then
    echo "ok: $plugin type-checks with its Xcode extension"
  else
    echo "FAIL: $plugin"; cat "$T/$plugin.log"; failed=1
  fi
done
[ "$failed" = 0 ]
