using Beacon.Features.Screening;
using static Beacon.Tests.Screening.InstrumentFixtures;

namespace Beacon.Tests.Screening;

/// <summary>The scoring engine: each rule kind, each band edge (from and to are both inclusive), unanswered and invalid answers.</summary>
public sealed class ScreeningEngineTests
{
    private static Dictionary<string, string?> Answers(params (string Item, string Answer)[] pairs) =>
        pairs.ToDictionary(p => p.Item, p => (string?)p.Answer, StringComparer.Ordinal);

    // The example's items give 0/1/2, 0/3 and 0/1/2/4; bands 0-2, 3-5, 6-9.
    [Theory]
    [InlineData("never", "no", "none", 0, "example-low")]
    [InlineData("often", "no", "none", 2, "example-low")]
    [InlineData("never", "yes", "none", 3, "example-middle")]
    [InlineData("sometimes", "no", "mid", 3, "example-middle")]
    [InlineData("never", "yes", "mid", 5, "example-middle")]
    [InlineData("often", "yes", "low", 6, "example-high")]
    [InlineData("never", "no", "high", 4, "example-middle")]
    [InlineData("often", "yes", "high", 9, "example-high")]
    public void Weighted_sum_falls_in_the_band_whose_edges_include_it(string one, string two, string three, int score, string band)
    {
        var result = ScreeningEngine.Score(Example(), Answers(("example-item-1", one), ("example-item-2", two), ("example-item-3", three)));
        Assert.True(result.Scored);
        Assert.Equal(score, result.Score);
        Assert.Equal(band, result.Band!.Id);
        Assert.Empty(result.Unanswered);
    }

    [Fact]
    public void Every_reachable_weighted_sum_has_exactly_one_band()
    {
        var example = Example();
        var reachable = InstrumentLoader.ReachableScores(example.Items);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (decimal)i), reachable.Order());
        Assert.All(reachable, s => Assert.Single(example.Bands, b => b.Contains(s)));
    }

    [Theory]
    [InlineData(0, "no-concern-raised")]
    [InlineData(1, "concern-raised")]
    [InlineData(2, "concern-raised")]
    [InlineData(8, "concern-raised")]
    public void Any_yes_is_positive_from_one_yes(int yeses, string band)
    {
        var guide = Shipped("hhs-indicator-conversation-guide");
        var answers = guide.Items.Select((item, i) => (item.Id, i < yeses ? "yes" : "no")).ToArray();
        var result = ScreeningEngine.Score(guide, Answers(answers));
        Assert.Equal(yeses, result.Score);
        Assert.Equal(band, result.Band!.Id);
    }

    [Fact]
    public void Not_sure_and_prefers_not_to_say_do_not_count()
    {
        var guide = Shipped("hhs-indicator-conversation-guide");
        var answers = guide.Items.Select((item, i) => (item.Id, i % 2 == 0 ? "unsure" : "skipped")).ToArray();
        var result = ScreeningEngine.Score(guide, Answers(answers));
        Assert.Equal(0, result.Score);
        Assert.Equal("no-concern-raised", result.Band!.Id);
    }

    /// <summary>The 6-item card scored count-at-least 2, with fictional items standing in for the withheld ones.</summary>
    private static InstrumentDefinition SixItemWithItems()
    {
        var card = Shipped("child-sex-trafficking-6-item");
        var items = Enumerable.Range(1, 6).Select(i => new InstrumentItem($"q{i}", $"Fictional {i}?", null,
            [new InstrumentAnswer("yes", "Yes", 1), new InstrumentAnswer("no", "No", 0)])).ToList();
        return card with { ItemsIncluded = true, Items = items };
    }

    [Theory]
    [InlineData(0, "below-threshold")]
    [InlineData(1, "below-threshold")]
    [InlineData(2, "at-or-above-threshold")]
    [InlineData(3, "at-or-above-threshold")]
    [InlineData(6, "at-or-above-threshold")]
    public void Count_at_least_k_is_positive_from_k(int yeses, string band)
    {
        var instrument = SixItemWithItems();
        Assert.Equal(ScoringRule.CountAtLeast, instrument.Scoring.Rule);
        Assert.Equal(2, instrument.Scoring.K);
        var result = ScreeningEngine.Score(instrument, Answers(instrument.Items.Select((item, i) => (item.Id, i < yeses ? "yes" : "no")).ToArray()));
        Assert.Equal(yeses, result.Score);
        Assert.Equal(band, result.Band!.Id);
    }

    [Fact]
    public void Unanswered_items_score_zero_and_are_listed()
    {
        var guide = Shipped("hhs-indicator-conversation-guide");
        var none = ScreeningEngine.Score(guide, Answers());
        Assert.True(none.Scored);
        Assert.Equal(0, none.Score);
        Assert.Equal("no-concern-raised", none.Band!.Id);
        Assert.Equal(guide.Items.Select(i => i.Id), none.Unanswered);

        var one = ScreeningEngine.Score(guide, new Dictionary<string, string?> { ["threats"] = "yes", ["pay"] = "", ["housing"] = null });
        Assert.Equal(1, one.Score);
        Assert.Equal("concern-raised", one.Band!.Id);
        Assert.Equal(7, one.Unanswered.Count);
        Assert.Contains("pay", one.Unanswered);

        var example = ScreeningEngine.Score(Example(), Answers(("example-item-2", "yes")));
        Assert.Equal(3, example.Score);
        Assert.Equal("example-middle", example.Band!.Id);
        Assert.Equal(["example-item-1", "example-item-3"], example.Unanswered);
    }

    [Fact]
    public void An_answer_the_item_does_not_have_stops_scoring()
    {
        var result = ScreeningEngine.Score(Example(), Answers(("example-item-1", "often"), ("example-item-2", "maybe")));
        Assert.False(result.Scored);
        Assert.Null(result.Band);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("example-item-2", problem.ItemId);
    }

    [Fact]
    public void An_item_the_instrument_does_not_have_stops_scoring()
    {
        var result = ScreeningEngine.Score(Example(), Answers(("example-item-1", "often"), ("example-item-9", "yes")));
        Assert.False(result.Scored);
        Assert.Equal("example-item-9", Assert.Single(result.Problems).ItemId);
    }

    [Fact]
    public void A_metadata_card_cannot_be_scored()
    {
        var result = ScreeningEngine.Score(Shipped("raft"), Answers());
        Assert.False(result.Scored);
        Assert.Single(result.Problems);
    }

    [Fact]
    public void A_band_contains_both_of_its_edges_and_nothing_outside()
    {
        var band = Example().Bands[1];
        Assert.Equal((3, 5), (band.From, band.To));
        Assert.True(band.Contains(3));
        Assert.True(band.Contains(5));
        Assert.False(band.Contains(2));
        Assert.False(band.Contains(6));
        Assert.False(band.Contains(5.5m));
    }
}
