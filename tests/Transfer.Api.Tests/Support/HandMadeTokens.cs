using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Transfer.Api.Tests.Support;

/// <summary>Tokens made by hand, as a client or an attacker could: any claims, any key, any expiry.</summary>
public static class HandMadeTokens
{
    public static string Sign(IEnumerable<Claim> claims, string key, DateTime expires) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: "transfer-dev",
            audience: "transfer-api",
            claims: claims,
            notBefore: expires.AddHours(-2),
            expires: expires,
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256)));
}
