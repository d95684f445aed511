"""Words the truthfulness gate treats as claims even when written in lowercase."""

from __future__ import annotations

# Technologies a rewriter might slip in. Lowercase, canonical spellings (see text.ALIASES).
_TECHNOLOGIES_TEXT = """
    python java javascript typescript go rust ruby php scala kotlin swift c++ c# elixir erlang
    haskell clojure perl bash powershell sql r julia dart lua objective-c django flask fastapi
    spring rails laravel express react angular vue svelte next.js node.js nestjs graphql grpc
    rest soap websocket websockets htmx tailwind jquery kubernetes docker helm terraform
    pulumi ansible puppet chef saltstack vagrant packer nomad consul vault istio linkerd envoy
    nginx haproxy traefik openshift rancher argocd argo flux jenkins gitlab github circleci
    travis teamcity bamboo spinnaker tekton aws gcp azure heroku vercel netlify cloudflare
    digitalocean openstack lambda ec2 s3 ecs eks gke aks fargate dynamodb rds aurora
    cloudformation cdk bigquery redshift snowflake databricks postgresql mysql mariadb sqlite
    oracle mssql mongodb cassandra redis memcached elasticsearch opensearch solr neo4j couchdb
    cockroachdb clickhouse timescaledb influxdb firestore supabase kafka rabbitmq nats pulsar
    kinesis sqs sns activemq zeromq celery airflow dagster prefect spark flink hadoop hive
    presto trino dbt beam luigi pandas numpy scipy polars pytorch tensorflow keras
    scikit-learn xgboost huggingface langchain openai mlflow kubeflow prometheus grafana
    datadog splunk kibana logstash fluentd loki jaeger zipkin opentelemetry nagios zabbix
    pagerduty sentry honeycomb newrelic dynatrace linux unix windows macos ios android freebsd
    debian ubuntu centos git svn mercurial jira confluence hipaa pci-dss soc2 gdpr iso27001
    itil togaf scrum safe kanban cka ckad cks ccna ccnp cissp cism pmp
"""
TECHNOLOGIES = frozenset(_TECHNOLOGIES_TEXT.split())

# Names products are often prefixed with ("Apache Kafka", "Google BigQuery").
VENDORS = frozenset({"apache", "google", "amazon", "aws", "microsoft", "azure", "hashicorp"})

# Words that claim a rank or a role.
_TITLES_TEXT = """
    senior junior lead principal staff head director manager vp chief architect cto ceo cio
    coo founder co-founder president partner owner supervisor
"""
TITLES = frozenset(_TITLES_TEXT.split())

# Verbs that claim leading or owning something: "helped" must not become "led".
_LEADERSHIP_TEXT = """
    led lead leading manage managed managing headed directed supervised oversaw spearheaded
    owned founded co-founded chaired
"""
LEADERSHIP = frozenset(_LEADERSHIP_TEXT.split())

# Words whose loss turns a sentence around ("no lost messages").
NEGATIONS = frozenset({"no", "not", "zero", "without", "never", "none", "nothing"})

# Words that claim a credential.
_CREDENTIALS_TEXT = """
    certified certification certifications certificate certificates accredited licensed
"""
CREDENTIALS = frozenset(_CREDENTIALS_TEXT.split())

# Scale words change what a number means ("2 million" vs "2 billion").
_SCALES_TEXT = """
    thousand thousands million millions billion billions trillion k bn
"""
SCALES = frozenset(_SCALES_TEXT.split())

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

MONTHS = (
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may", "may"),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
)  # fmt: skip

# Technologies that are also everyday words: only their capitalised spelling is a claim.
_ORDINARY_TEXT = """
    go r rust swift spring express react chef safe flux beam flask vault consul envoy spark
    hive presto sentry lambda argo rest git loki dart scala julia ruby
"""
ORDINARY = frozenset(_ORDINARY_TEXT.split())

# Nouns that name a job. A phrase ending in one ("platform engineer") claims a title, which
# must be held (a position or the CV's own label), never just wished for (a target role).
_ROLE_NOUNS_TEXT = """
    engineer developer administrator architect manager director lead head scientist analyst
    designer consultant specialist officer programmer technician researcher owner founder
    president cto ceo cio coo vp chief principal sre devops
"""
ROLE_NOUNS = frozenset(_ROLE_NOUNS_TEXT.split())

# Words that join a sentence without claiming anything: a rewording may add these freely.
# Deliberately short: no "only", "all", "over", "most", "without", "every" (scope claims).
_FUNCTION_WORDS_TEXT = """
    a an the and or but of in on at to for from by with via into onto as that which who whose
    this these those it its their they them our we us my i is are was were be been being has
    have had while using
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
