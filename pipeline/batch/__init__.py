"""`histner batch`: annotate whole archives on a dask.distributed cluster, resumably.

The client reads the inputs (with `pipeline.annotate.input_documents`, so documents are exactly
annotate's), cuts each file into fixed-size partitions and sends them to workers; a worker tags a
partition with `pipeline.tagging.tag_documents` and writes it as one shard, atomically. A manifest
records which partitions are done, so a rerun skips them; merging concatenates a file's shards in order
into the file `histner annotate` would have written.
"""
