/// Random text for the emulators' ids, codes and keys, each provider spelling its own shapes.
public enum RandomText {
    /// `count` characters, each drawn from `alphabet` (which must not be empty).
    public static func of(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters.randomElement()! })
    }
}
