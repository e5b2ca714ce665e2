using Transfer.Domain.Common;
using Transfer.Domain.Readiness;

namespace Transfer.Domain.Tests.Readiness;

/// <summary>READINESS.md, "Progress RAG of one target", worked by hand: start 1.9.2021, due 11.9.2021 (10 days).</summary>
public sealed class TargetProgressTests
{
    private static readonly DateOnly Start = new(2021, 9, 1);
    private static readonly DateOnly Due = new(2021, 9, 11);

    private static Rag On(int day, int expected, int done) =>
        RagRules.TargetProgress(expected, done, new DateOnly(2021, 9, 1).AddDays(day - 1), Start, Due);

    [Fact]
    public void Exactly_on_the_straight_line_is_green_one_short_of_it_amber()
    {
        // 6.9.: 5 of 10 days gone. 5 × 10 ≥ 10 × 5 → green; 4 × 10 < 10 × 5 → amber.
        On(6, expected: 10, done: 5).ShouldBe(Rag.Green);
        On(6, expected: 10, done: 4).ShouldBe(Rag.Amber);
    }

    [Fact]
    public void The_line_is_compared_in_whole_numbers_without_rounding()
    {
        // E = 3 over 10 days. 5.9.: 4 days gone, 1 × 10 < 3 × 4 → amber; 4.9.: 3 days, 1 × 10 ≥ 3 × 3 → green.
        On(5, expected: 3, done: 1).ShouldBe(Rag.Amber);
        On(4, expected: 3, done: 1).ShouldBe(Rag.Green);
    }

    [Fact]
    public void Before_the_start_nothing_is_planned_and_ahead_of_the_line_is_green()
    {
        RagRules.TargetProgress(10, 0, new DateOnly(2021, 8, 20), Start, Due).ShouldBe(Rag.Green);
        On(1, expected: 10, done: 0).ShouldBe(Rag.Green);
        On(2, expected: 10, done: 0).ShouldBe(Rag.Amber);
    }

    [Fact]
    public void On_the_due_date_an_unfinished_target_is_amber_and_the_day_after_red()
    {
        On(11, expected: 10, done: 9).ShouldBe(Rag.Amber);
        On(12, expected: 10, done: 9).ShouldBe(Rag.Red);
        On(12, expected: 10, done: 10).ShouldBe(Rag.Green);
        On(40, expected: 10, done: 11).ShouldBe(Rag.Green);
    }

    [Fact]
    public void A_target_due_on_its_start_date_plans_nothing_before_and_everything_from_it()
    {
        var sameDay = new DateOnly(2021, 9, 1);
        RagRules.TargetProgress(1, 0, sameDay.AddDays(-1), sameDay, sameDay).ShouldBe(Rag.Green);
        RagRules.TargetProgress(1, 0, sameDay, sameDay, sameDay).ShouldBe(Rag.Amber);
        RagRules.TargetProgress(1, 0, sameDay.AddDays(1), sameDay, sameDay).ShouldBe(Rag.Red);
        RagRules.TargetProgress(1, 1, sameDay, sameDay, sameDay).ShouldBe(Rag.Green);
    }

    [Fact]
    public void Large_targets_do_not_overflow()
    {
        RagRules.TargetProgress(int.MaxValue, int.MaxValue - 1, new DateOnly(2030, 1, 1), new DateOnly(2000, 1, 1), new DateOnly(2040, 1, 1))
            .ShouldBe(Rag.Green);
    }

    [Fact]
    public void Worst_orders_red_amber_green_none_and_the_worst_of_nothing_is_none()
    {
        RagRules.Worst().ShouldBe(Rag.None);
        RagRules.Worst(Rag.Green, Rag.None).ShouldBe(Rag.Green);
        RagRules.Worst(Rag.Green, Rag.Amber, Rag.None).ShouldBe(Rag.Amber);
        RagRules.Worst(Rag.Amber, Rag.Red, Rag.Green).ShouldBe(Rag.Red);
    }
}
