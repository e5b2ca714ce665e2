using System.Security.Cryptography;
using Transfer.Api.Evidence;
using Transfer.Api.Tests.Support;

namespace Transfer.Api.Tests.Evidence;

/// <summary>The signing key as an operator configures it: what is taken, and what stops the start with a plain reason.</summary>
public sealed class CheckpointSignerTests
{
    [Fact]
    public void A_P256_key_in_PEM_signs_and_its_key_id_is_the_start_of_its_public_key_hash()
    {
        var file = CheckpointKeys.NewKeyFile();
        try
        {
            using var signer = new CheckpointSigner(new CheckpointSettings { SigningKeyFile = file });
            signer.Missing.ShouldBeNull();
            using var key = ECDsa.Create();
            key.ImportFromPem(signer.PublicKeyPem);
            var spki = key.ExportSubjectPublicKeyInfo();
            signer.KeyId.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(spki))[..8]);
            CheckpointSigner.FingerprintOf(signer.PublicKeyPem).ShouldBe(Convert.ToHexStringLower(SHA256.HashData(spki)));
            key.VerifyData("a note\n"u8, signer.Sign("a note\n"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Without_a_key_nothing_is_signed_and_the_reason_names_the_setting()
    {
        using var signer = new CheckpointSigner(new CheckpointSettings());
        signer.Missing.ShouldNotBeNull().ShouldContain("Checkpoints:SigningKeyFile");
        Should.Throw<InvalidOperationException>(() => signer.Sign("a note\n"));
    }

    [Fact]
    public void A_key_file_that_is_missing_unreadable_or_on_another_curve_stops_the_start_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("transfer-signer-test-").FullName;
        try
        {
            string Written(string name, string text)
            {
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, text);
                return path;
            }
            using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            using var rsa = RSA.Create(2048);
            foreach (var (file, reason) in new[]
                     {
                         (Path.Combine(folder, "absent.pem"), "which does not exist"),
                         (Written("garbage.pem", "not a key"), "holds no ECDSA private key in PEM form"),
                         (Written("rsa.pem", rsa.ExportPkcs8PrivateKeyPem()), "holds no ECDSA private key in PEM form"),
                         (Written("p384.pem", p384.ExportPkcs8PrivateKeyPem()), "must hold a key on the curve P-256"),
                     })
                Should.Throw<InvalidOperationException>(() => new CheckpointSigner(new CheckpointSettings { SigningKeyFile = file }))
                    .Message.ShouldContain(reason, customMessage: file);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("transfer example")]
    [InlineData("transfer+pirha")]
    [InlineData("")]
    public void An_origin_a_signed_note_cannot_carry_is_refused(string origin) =>
        Should.Throw<InvalidOperationException>(() => new CheckpointSigner(new CheckpointSettings { Origin = origin }))
            .Message.ShouldContain("Checkpoints:Origin");
}
