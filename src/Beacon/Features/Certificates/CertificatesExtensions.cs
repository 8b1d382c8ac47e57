using Beacon.Features.Transcripts;

namespace Beacon.Features.Certificates;

public static class CertificatesExtensions
{
    public static WebApplicationBuilder AddCertificates(this WebApplicationBuilder builder)
    {
        // PDFsharp keeps one font resolver per process; set it before any request draws a PDF.
        DejaVuFonts.Install();
        builder.Services.AddScoped<CertificateRecords>();
        builder.Services.AddScoped<TranscriptRecords>();
        return builder;
    }
}
