using System.Security.Cryptography;

namespace Transfer.Api.Tests.Support;

/// <summary>Checkpoint signing keys made for a test run, as an operator gives one: a PEM file.</summary>
public static class CheckpointKeys
{
    /// <summary>A new ECDSA P-256 private key in a PEM file of its own; the fixture that asked for it deletes it.</summary>
    public static string NewKeyFile()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = Path.Combine(Path.GetTempPath(), $"transfer-checkpoint-key-{Guid.NewGuid():N}.pem");
        File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
        return file;
    }
}
