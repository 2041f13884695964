-- Duplicate clusters are rebuilt whole after every load (warehouse/dedupe.py): the rows of
-- the registered frame cluster_rows replace every previous row, inside the load transaction.
DELETE FROM posting_clusters;

INSERT INTO posting_clusters (posting_key, cluster_id, is_canonical, method, similarity,
                              clustered_at)
SELECT posting_key, cluster_id, is_canonical, method, similarity, $clustered_at
FROM cluster_rows;
