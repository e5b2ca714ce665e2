using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Transfer.Api.Security;

/// <summary>Mints HS256 tokens with the configured signing key, for development and tests only.</summary>
public sealed class TokenIssuer(AuthOptions options, TimeProvider time)
{
    /// <param name="county">The county the token acts in (its county claim); none where one county is served, or for the national role.</param>
    public string Issue(string name, IEnumerable<string> roles, TimeSpan lifetime, string? county = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(SecuritySetup.SubjectClaim, name),
            new(SecuritySetup.NameClaim, name),
        };
        claims.AddRange(roles.Select(role => new Claim(SecuritySetup.RoleClaim, role)));
        if (county is not null) claims.Add(new Claim(Counties.CountyResolution.Claim, county));

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(options.CreateSigningKey(), SecurityAlgorithms.HmacSha256),
        });
    }
}
