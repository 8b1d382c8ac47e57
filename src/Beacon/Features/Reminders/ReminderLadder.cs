using System.Globalization;

namespace Beacon.Features.Reminders;

/// <summary>A practice's ladder in checked form: rungs before the due date largest first, the hours of the sending window.</summary>
public sealed record ReminderLadder(IReadOnlyList<int> BeforeDays, bool WeeklyWhileOverdue, int ManagerAfterDays, int AdminAfterDays, DayOfWeek DigestDay, int EarliestHour, int LatestHour)
{
    public const int MaxBeforeDays = 365;
    public const int MaxRungs = 8;

    /// <summary>The ladder as text, equal for equal ladders (the list makes record equality compare references).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Format(BeforeDays)}|{WeeklyWhileOverdue}|{ManagerAfterDays}|{AdminAfterDays}|{DigestDay}|{EarliestHour}|{LatestHour}");

    public static ReminderLadder From(ReminderSettings settings)
    {
        var days = TryParseDays(settings.BeforeDays, out var parsed, out _) ? parsed : [30, 14, 7, 1];
        return new ReminderLadder(days, settings.WeeklyWhileOverdue, settings.ManagerAfterDays, settings.AdminAfterDays, settings.DigestDay, settings.EarliestHour, settings.LatestHour);
    }

    /// <summary>"30, 14, 7, 1" → [30, 14, 7, 1]: whole days from 1 to 365, no repeats, at most eight; the error says what is wrong.</summary>
    public static bool TryParseDays(string? text, out List<int> days, out string? error)
    {
        days = [];
        error = null;
        var parts = (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            error = "Enter at least one number of days before the due date, for example 30, 14, 7, 1.";
            return false;
        }
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day < 1 || day > MaxBeforeDays)
            {
                error = $"\"{part}\" is not a whole number of days from 1 to {MaxBeforeDays}.";
                return false;
            }
            if (days.Contains(day))
            {
                error = $"{day} days is listed twice.";
                return false;
            }
            days.Add(day);
        }
        if (days.Count > MaxRungs)
        {
            error = $"List at most {MaxRungs} reminders before the due date.";
            return false;
        }
        days.Sort((a, b) => b.CompareTo(a));
        return true;
    }

    public static string Format(IEnumerable<int> days) => string.Join(", ", days.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>"8 AM", "12 PM", "6 PM" for hours 0–24.</summary>
    public static string HourText(int hour) => (hour % 24) switch
    {
        0 => hour == 24 ? "midnight (end of day)" : "midnight",
        12 => "12 PM",
        var h when h < 12 => $"{h} AM",
        var h => $"{h - 12} PM",
    };
}
