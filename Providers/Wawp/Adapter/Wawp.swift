/// The Wawp provider (https://wawp.net), built on WAHA. ``WawpProvider`` is its adapter.
public enum Wawp {
    /// The kind name used in configuration.
    public static let kind = "wawp"
}
