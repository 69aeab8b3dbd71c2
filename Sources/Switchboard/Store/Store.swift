/// Everything Switchboard keeps between runs, behind one protocol: the routing table, the outbox,
/// the ids of inbound events already handled, chats in handoff and what LIDs stand for.
///
/// ``SQLiteStore`` is the implementation. The parts are separate protocols so that a component
/// asks only for what it uses (the ``MessageRouter`` takes an ``InstanceStore``, the ``Outbox`` an
/// ``OutboxStore``). Every method is a short local write or read and is synchronous, like
/// ``HandoffStore``, so that synchronous code (webhook decoding) can call it.
public protocol Store: InstanceStore, OutboxStore, SeenEventStore, LIDStore, HandoffStore {}
