/// The conformance suite is not written yet (issue 4): this module is an empty namespace so far.
public enum Conformance {}
