namespace Transfer.Api.Tests.Support.Views;

// The verifiable evidence: checkpoints, the keys that signed them, and RFC 9162 proofs. Hashes are lowercase hex.

/// <summary>A signed checkpoint, as GET and POST /api/audit/checkpoint answer it.</summary>
public sealed record CheckpointView(long Size, string Root, string Time, string KeyId, string Signature, string Note);

/// <summary>
/// A key of GET /api/audit/public-key: API.md says PEM with key ids; the API answers a JSON array of these.
/// </summary>
public sealed record SigningKey(string KeyId, string Algorithm, string PublicKey, string Fingerprint, bool Current, string FirstUsed);

public sealed record InclusionProofView(long Index, long Size, string Leaf, ValueList<string> Path);

public sealed record ConsistencyProofView(long From, long Size, ValueList<string> Path);
