using TicketBoss.Grains.Domain;

namespace TicketBoss.Tests.Domain;

/// <summary>Ids and payment tokens: the right shape, never repeated, and every character equally likely.</summary>
public sealed class SecretsTests
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    [Fact]
    public void TokensAndIdsHaveTheirLengthAndAlphabetAndNeverRepeat()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => Secrets.NewToken()).ToList();
        var ids = Enumerable.Range(0, 10_000).Select(_ => Secrets.NewId("hld")).ToList();

        Assert.All(tokens, t => Assert.True(t.Length == 32 && t.All(Alphabet.Contains), t));
        Assert.All(ids, id => Assert.Matches("^hld_[0-9A-Za-z]{12}$", id));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void EveryCharacterIsEquallyLikely()
    {
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 20_000; i++)
        {
            foreach (var c in Secrets.NewToken())
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        // 640,000 characters over 62: a chi-square over 61 degrees of freedom beyond 120 happens with p < 1e-5,
        // while a plain "byte % 62" (which makes the first 8 characters a quarter likelier) scores about 4,000.
        var expected = 640_000.0 / Alphabet.Length;
        var chiSquare = Alphabet.Sum(c => Math.Pow(counts.GetValueOrDefault(c) - expected, 2) / expected);
        Assert.Equal(Alphabet.Length, counts.Count);
        Assert.True(chiSquare < 120, $"chi-square {chiSquare:F1}");
    }
}
