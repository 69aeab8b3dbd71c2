/// The Wawp provider (https://wawp.net), built on WAHA. The adapter is not written yet (issue 5):
/// this module holds only the provider's kind name so far.
public enum Wawp {
    /// The kind name used in configuration.
    public static let kind = "wawp"
}
