/// The Wasup provider. The adapter is not written yet (issue 4): this module holds only the
/// provider's kind name so far.
public enum Wasup {
    /// The kind name used in configuration.
    public static let kind = "wasup"
}
