using Beacon.Features.Courses;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// The fields a one-off session and a series share (title, track, site, location, instructor), checked the
/// same way with the same words; the noun is "session" or "series".
/// </summary>
public static class SessionFormChecks
{
    public static (string Title, CourseTrack? Track, string Location) Check(
        ModelStateDictionary state, string noun, CoursePackage course, string? title, string? trackId, Guid? siteId, string? location,
        Guid? instructorUserId, IReadOnlyList<NewModel.Choice> sites, IReadOnlyList<NewModel.Choice> instructors)
    {
        var trimmedTitle = (title ?? "").Trim();
        if (trimmedTitle.Length == 0)
        {
            state.AddModelError("Input.Title", $"Enter a title for the {noun}.");
        }
        else if (trimmedTitle.Length > 200)
        {
            state.AddModelError("Input.Title", "Keep the title to 200 characters or fewer.");
        }
        var track = course.Track(trackId ?? "");
        if (track is null)
        {
            state.AddModelError("Input.Track", $"Choose the track the {noun} teaches.");
        }
        if (siteId is { } site && sites.All(s => s.Id != site))
        {
            state.AddModelError("Input.SiteId", "Choose one of the practice's open sites, or no particular site.");
        }
        var trimmedLocation = (location ?? "").Trim();
        if (trimmedLocation.Length == 0)
        {
            state.AddModelError("Input.Location", "Enter the room or address, or the link to the video call.");
        }
        else if (trimmedLocation.Length > 300)
        {
            state.AddModelError("Input.Location", "Keep the location to 300 characters or fewer.");
        }
        if (instructorUserId is not { } instructor || instructors.All(i => i.Id != instructor))
        {
            state.AddModelError("Input.InstructorUserId", "Choose an instructor of the practice.");
        }
        return (trimmedTitle, track, trimmedLocation);
    }
}
