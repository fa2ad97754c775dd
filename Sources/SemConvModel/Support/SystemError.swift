import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Short, plain reasons for file-system errors in messages ("Permission denied", "Read-only file system"), instead
/// of Foundation's generic "The operation could not be completed" sentences.
public enum SystemError {
    public static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return text(errno: ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return text(errno: underlying.code)
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileReadNoPermission, .fileWriteNoPermission: return text(errno: Int(EACCES))
            case .fileNoSuchFile, .fileReadNoSuchFile: return text(errno: Int(ENOENT))
            case .fileWriteVolumeReadOnly: return text(errno: Int(EROFS))
            case .fileWriteOutOfSpace: return text(errno: Int(ENOSPC))
            case .fileWriteFileExists: return text(errno: Int(EEXIST))
            case .fileReadTooLarge: return text(errno: Int(EFBIG))
            case .fileReadInapplicableStringEncoding, .fileReadCorruptFile: return "not readable as text"
            default: break
            }
        }
        return ns.localizedDescription
    }

    /// The system's description of an `errno` value.
    public static func text(errno code: Int) -> String { String(cString: strerror(Int32(truncatingIfNeeded: code))) }
}
