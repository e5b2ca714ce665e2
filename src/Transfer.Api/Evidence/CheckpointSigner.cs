using System.Security.Cryptography;
using System.Text;

namespace Transfer.Api.Evidence;

/// <summary>
/// The "Checkpoints" configuration section. <see cref="SigningKeyFile"/>: a PEM file holding the ECDSA P-256 private
/// key that signs checkpoints (scripts/run.sh makes a development one under .local); <see cref="IntervalSeconds"/>: how
/// often a checkpoint is made when there are new events; <see cref="Origin"/>: the name of the installation's logs,
/// each county's being Origin/county, as every note's first line and key name say.
/// </summary>
public sealed class CheckpointSettings
{
    public const string Section = "Checkpoints";

    public string? SigningKeyFile { get; set; }
    public double IntervalSeconds { get; set; } = 60;
    public string Origin { get; set; } = "transfer";

    public static CheckpointSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<CheckpointSettings>() ?? new CheckpointSettings();
}

/// <summary>
/// Signs checkpoints with the configured key, as C2SP signed notes of signature type 0x02 (ECDSA): the key id is the
/// first four bytes of SHA-256 over the public key's DER SubjectPublicKeyInfo, the signature ASN.1 DER. The private
/// key is read once at start and never written anywhere; a key that is configured but unreadable stops the start.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa? key;

    public CheckpointSigner(CheckpointSettings settings)
    {
        if (settings.Origin.Length == 0 || settings.Origin.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+'))
            throw new InvalidOperationException("Checkpoints:Origin must be a name without spaces or '+', such as transfer.example.fi.");
        if (string.IsNullOrWhiteSpace(settings.SigningKeyFile)) return;
        if (!File.Exists(settings.SigningKeyFile))
            throw new InvalidOperationException($"Checkpoints:SigningKeyFile names {settings.SigningKeyFile}, which does not exist.");
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(settings.SigningKeyFile));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException("Checkpoints:SigningKeyFile holds no ECDSA private key in PEM form.", e);
        }
        if (ecdsa.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != P256Oid)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException("Checkpoints:SigningKeyFile must hold a key on the curve P-256 (prime256v1).");
        }
        key = ecdsa;
        var publicKey = ecdsa.ExportSubjectPublicKeyInfo();
        KeyId = KeyIdOf(publicKey);
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", publicKey);
    }

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Why no checkpoint can be signed here, or null when one can.</summary>
    public string? Missing => key is null
        ? "No checkpoint is made: no signing key is configured (Checkpoints:SigningKeyFile, a PEM file with an ECDSA P-256 private key)."
        : null;

    /// <summary>The key's id, 8 hexadecimal digits.</summary>
    public string KeyId { get; } = "";

    public string PublicKeyPem { get; } = "";

    public byte[] Sign(string text) =>
        (key ?? throw new InvalidOperationException(Missing)).SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>C2SP signed-note type 0x02: SHA-256 of the DER SubjectPublicKeyInfo, its first four bytes.</summary>
    public static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo).AsSpan(0, 4));

    /// <summary>SHA-256 of the DER SubjectPublicKeyInfo, whole: what an auditor compares with the fingerprint the county publishes.</summary>
    public static string FingerprintOf(string publicKeyPem)
    {
        var pem = PemEncoding.Find(publicKeyPem);
        return Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(publicKeyPem[pem.Base64Data])));
    }

    public void Dispose() => key?.Dispose();
}
