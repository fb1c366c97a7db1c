#!/usr/bin/env bash
# npm run destroy -- [--region R] [--prefix P] [--stage S] [--yes]
#
# Removes a stack that `npm run deploy` made, data included (tables, users, messages): empties
# the web bucket, runs terraform destroy in the workspace <prefix>-<stage>, and deletes the
# workspace. Asks for the stack name first unless --yes. Environment: CHAT_REGION, CHAT_PREFIX,
# CHAT_STAGE (flags win).

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_args "$@"

step "Checking prerequisites"
require_tools
check_credentials

tf_init
if ! tf workspace list | sed 's/^[* ]*//' | grep -qx "$workspace"; then
  printf 'No stack %s in this Terraform state: nothing to destroy.\n' "$workspace"
  exit 0
fi
tf workspace select "$workspace" >/dev/null

if [ "$assume_yes" != true ]; then
  printf '\nThis deletes stack %s in %s, with all its users and messages.\nType its name to go on: ' "$workspace" "$region"
  read -r answer
  [ "$answer" = "$workspace" ] || die "not confirmed; nothing was deleted"
fi

build_bundles_if_missing

outputs="$(tf output -json 2>/dev/null || echo '{}')"
if bucket="$(output_value web_bucket 2>/dev/null)" && [ -n "$bucket" ]; then
  step "Emptying s3://$bucket"
  "$AWS" s3 rm "s3://$bucket" --recursive --only-show-errors || true
fi

step "terraform destroy ($workspace)"
tf destroy -input=false -auto-approve "${tf_vars[@]}"
tf workspace select default >/dev/null
tf workspace delete "$workspace" >/dev/null
printf '\n\033[32mDestroyed %s.\033[0m\n' "$workspace"
