using Beacon.Features.Certificates;

namespace Beacon.Features.Learning;

public static class LearningExtensions
{
    public static WebApplicationBuilder AddLearning(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Assessments>();
        builder.Services.AddScoped<Completions>();
        builder.Services.AddScoped<CertificateIssuer>();
        builder.Services.AddScoped<Learners>();
        return builder;
    }
}
