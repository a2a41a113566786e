/// Name and version of the tool, as written into every report.
public enum ToolInfo {
    public static let name = "flt3ar"
    public static let version = "0.1.0"
}
