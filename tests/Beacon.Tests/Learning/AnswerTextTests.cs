using Beacon.Features.Learning;

namespace Beacon.Tests.Learning;

public sealed class AnswerTextTests
{
    [Theory]
    [InlineData("Right because X (option 3). Not Y (option 1).", "Right because X (option A). Not Y (option C).")]
    [InlineData("Both wrong (options 1 and 4); also (options 1, 2 and 3).", "Both wrong (options C and B); also (options C, D and A).")]
    [InlineData("Unrelated (see option list) and (option 9) stay as written.", "Unrelated (see option list) and (option 9) stay as written.")]
    public void Rationales_name_options_by_the_letters_the_learner_saw(string rationale, string shown)
    {
        // Shown order: the bank's option 3 first, then 4, then 1, then 2.
        Assert.Equal(shown, AnswerText.Rationale(rationale, [3, 4, 1, 2]));
    }

    [Fact]
    public void Written_order_maps_numbers_to_the_same_place()
    {
        Assert.Equal("Best (option B).", AnswerText.Rationale("Best (option 2).", AnswerText.AsWritten(4)));
    }
}
