/// The Wasup provider: ``WasupProvider`` is its adapter.
public enum Wasup {
    /// The kind name used in configuration.
    public static let kind = "wasup"
}
