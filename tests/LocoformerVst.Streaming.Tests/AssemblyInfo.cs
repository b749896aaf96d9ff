// The separator tests run a worker thread each and some pace audio in real time: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
