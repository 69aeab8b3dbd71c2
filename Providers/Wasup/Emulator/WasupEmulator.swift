import EmulatorKit

/// The stateful local Wasup (in progress; see issue 3).
public enum WasupEmulatorPlaceholder {}
