using Microsoft.AspNetCore.Mvc;

namespace Beacon.Features.Reports;

public static class ReportsExtensions
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PointInTimeReports>();
        builder.Services.AddScoped<ComplianceTrend>();
        builder.Services.AddSingleton<ReportExportJobs>();
        builder.Services.AddScoped<AuditorAccessLog>();
        builder.Services.Configure<MvcOptions>(o => o.Filters.AddService<AuditorAccessLog>());
        return builder;
    }
}
