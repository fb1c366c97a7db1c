#!/usr/bin/env bash
# npm run deploy -- [--region R] [--prefix P] [--stage S] [--alarm-email A]
#
# Deploys Serverless Chat to AWS, or updates it (safe to run again): checks the prerequisites
# (node, npm, the AWS CLI, terraform >= 1.11, credentials), decides the region (a stack stays
# where it was first deployed), builds the two Lambda bundles and the web app, runs terraform
# apply in the workspace <prefix>-<stage>, uploads the web build and a config.json with the
# real API and WebSocket URLs to the bucket, invalidates CloudFront and prints the URLs.

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_args "$@"

step "Checking prerequisites"
require_tools
tf_init
if workspace_exists; then tf workspace select "$workspace" >/dev/null; fi
resolve_region
check_credentials

step "Building (Lambda bundles and web app)"
(cd "$repo_dir" && npm run build)
web_dist="$repo_dir/apps/web/dist"
[ -f "$web_dist/index.html" ] || die "$web_dist/index.html is missing: did 'npm run build -w @chat/web' work?"

step "terraform apply ($workspace in $region)"
write_stack_record
tf workspace select -or-create=true "$workspace" >/dev/null
tf apply -input=false -auto-approve "${tf_vars[@]}"
outputs="$(tf output -json)"
bucket="$(output_value web_bucket)"
distribution="$(output_value web_distribution_id)"
web_url="$(output_value web_url)"
api_url="$(output_value api_url)"
ws_url="$(output_value ws_url)"

step "Uploading the web app to s3://$bucket"
# Hashed assets never change: cache them for a year. Old ones stay, for tabs still open.
if [ -d "$web_dist/assets" ]; then
  "$AWS" s3 sync "$web_dist/assets" "s3://$bucket/assets" --only-show-errors \
    --cache-control "public, max-age=31536000, immutable"
fi
# Everything else (index.html, ...) is revalidated on every load.
"$AWS" s3 sync "$web_dist" "s3://$bucket" --only-show-errors --delete \
  --exclude "assets/*" --exclude "config.json" --cache-control "no-cache"
# Where this build finds its API and WebSocket: never cached.
node -e 'console.log(JSON.stringify({ apiUrl: process.argv[1], wsUrl: process.argv[2] }))' "$api_url" "$ws_url" |
  "$AWS" s3 cp - "s3://$bucket/config.json" --content-type "application/json" \
    --cache-control "no-cache, no-store, must-revalidate"

step "Invalidating CloudFront ($distribution)"
"$AWS" cloudfront create-invalidation --distribution-id "$distribution" --paths "/*" \
  --query 'Invalidation.Id' --output text

printf '\n\033[32mDeployed %s in %s.\033[0m\n' "$workspace" "$region"
printf '  web        %s\n  API        %s\n  WebSocket  %s\n' "$web_url" "$api_url" "$ws_url"
printf '(A first deploy can take a few minutes to answer everywhere: CloudFront propagates.)\n'
