using System.Security.Cryptography;

namespace TicketBoss.Grains.Domain;

/// <summary>Random ids and unguessable tokens.</summary>
internal static class Secrets
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A random id like <c>hld_x7Kp2mQ9aB3c</c> (71 random bits).</summary>
    public static string NewId(string prefix) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 12);

    /// <summary>A payment token with 190 random bits.</summary>
    public static string NewToken() => RandomNumberGenerator.GetString(Alphabet, 32);

    /// <summary>Compares in constant time, so a token cannot be found by timing guesses.</summary>
    public static bool TokensMatch(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(given));
}
