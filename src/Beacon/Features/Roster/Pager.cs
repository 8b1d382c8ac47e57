namespace Beacon.Features.Roster;

/// <summary>Which page numbers a pager shows: the first, the last and those near the current one; 0 is a gap.</summary>
public static class Pager
{
    public static IEnumerable<int> Numbers(int current, int count)
    {
        var previous = 0;
        for (var page = 1; page <= count; page++)
        {
            if (page == 1 || page == count || Math.Abs(page - current) <= 2)
            {
                if (previous != 0 && page - previous > 1)
                {
                    yield return 0;
                }
                yield return page;
                previous = page;
            }
        }
    }
}
