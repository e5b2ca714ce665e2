using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Transfer.Api.Security;

/// <summary>
/// The "Auth" configuration section. Development and tests sign HS256 tokens with <see cref="SigningKey"/>;
/// production points <see cref="Authority"/> at a real OpenID Connect provider instead, whose tokens
/// carry the same "role" and "sub"/"name" claims.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string? Authority { get; set; }
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "transfer-dev";
    public string Audience { get; set; } = "transfer-api";

    public const string NoSigningKey =
        "Auth:SigningKey is not set (Auth__SigningKey in the environment), and there is no .local/signing-key: run scripts/run.sh once, which makes one for development.";

    /// <summary>Where scripts/run.sh keeps the development key it makes, under the repository's root.</summary>
    private const string DevelopmentKeyFile = ".local/signing-key";

    /// <summary>
    /// The development key scripts/run.sh made, found from the working directory upwards, so that a
    /// token minted in a fresh shell in the repository is one the API it started accepts; or null.
    /// </summary>
    public static string? DevelopmentKey()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, DevelopmentKeyFile);
            if (File.Exists(file)) return File.ReadAllText(file).Trim();
        }
        return null;
    }

    public SymmetricSecurityKey CreateSigningKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
            throw new InvalidOperationException(NoSigningKey);
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes long for HS256.");
        return new SymmetricSecurityKey(bytes);
    }
}
