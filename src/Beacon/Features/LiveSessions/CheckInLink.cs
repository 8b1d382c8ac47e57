using Beacon.Features.Operations;
using QRCoder;

namespace Beacon.Features.LiveSessions;

/// <summary>The link a session's QR code holds, and the QR code itself as an image the page can inline (CSP allows data: images).</summary>
public static class CheckInLink
{
    public static string For(SecurityOptions security, string code) => security.PublicBaseUrl.TrimEnd('/') + "/check-in/" + code;

    public static string QrDataUri(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(10));
    }

    /// <summary>How someone came to be on the attendance list, in the instructor's words.</summary>
    public static string Describe(AttendanceMethod method) => method switch
    {
        AttendanceMethod.Code => "Typed the code",
        AttendanceMethod.QrLink => "Scanned the QR code",
        AttendanceMethod.Manual => "Marked present by hand",
        AttendanceMethod.PaperSheet => "Paper sign-in sheet",
        _ => method.ToString(),
    };

    /// <summary>A location that is a web address is shown as a link (a video call); anything else as text.</summary>
    public static bool IsLink(string? location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
