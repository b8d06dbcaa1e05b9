namespace GitJit.Server.Jobs;

/// <summary>How often open access requests are looked at for expiry (section <c>GitJit:PendingRequests</c>), validated at start.</summary>
public sealed class PendingRequestOptions
{
    public const string SectionName = "GitJit:PendingRequests";

    /// <summary>
    /// The time between two sweeps of open access requests: whole minutes that divide an hour (1, 2, 5, 10, 15, 20, 30),
    /// or whole hours that divide a day (1, 2, 3, 4, 6, 8, 12, 24), so that the sweep runs on a regular schedule.
    /// Default one hour: a request is closed at most that long after its limit (an hour or more).
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether <see cref="SweepInterval"/> is one a schedule can keep.</summary>
    public bool IsValid => Minutes(SweepInterval) is { } minutes && (minutes < 60 ? 60 % minutes == 0 : minutes % 60 == 0 && 24 % (minutes / 60) == 0);

    /// <summary>The sweep's Hangfire schedule: every <see cref="SweepInterval"/>, on the minute or the hour.</summary>
    public string Cron()
    {
        var minutes = Minutes(SweepInterval) ?? throw new InvalidOperationException($"{SectionName}:SweepInterval is not a whole number of minutes");
        return minutes switch
        {
            1 => Hangfire.Cron.Minutely(),
            < 60 => $"*/{minutes} * * * *",
            60 => Hangfire.Cron.Hourly(),
            1440 => Hangfire.Cron.Daily(),
            _ => $"0 */{minutes / 60} * * *",
        };
    }

    private static int? Minutes(TimeSpan interval) =>
        interval > TimeSpan.Zero && interval <= TimeSpan.FromDays(1) && interval.Ticks % TimeSpan.TicksPerMinute == 0 ? (int)interval.TotalMinutes : null;
}
