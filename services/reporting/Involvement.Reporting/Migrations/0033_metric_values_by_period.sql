-- GetMetrics and WatchMetrics for every metric of a period: a key lookup by period rather than a scan of every
-- metric's figures (the primary key leads with the metric).
create index metric_values_by_period on metric_values (financial_year, quarter, care_group);
