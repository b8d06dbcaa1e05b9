// Hangfire keeps its storage in a process-wide static: one server under test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
