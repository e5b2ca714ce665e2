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

    public SymmetricSecurityKey CreateSigningKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
            throw new InvalidOperationException("Auth:SigningKey is not set (Auth__SigningKey in the environment); scripts/run.sh makes one for development.");
        var bytes = Encoding.UTF8.GetBytes(SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes long for HS256.");
        return new SymmetricSecurityKey(bytes);
    }
}
