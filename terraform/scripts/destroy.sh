#!/usr/bin/env bash
# npm run destroy -- [--region R] [--prefix P] [--stage S] [--yes]
#
# Removes a stack that `npm run deploy` made, data included (tables, users and messages): asks
# for the stack name first unless --yes, empties the web bucket, turns the tables' deletion
# protection off (it is on so that nothing else can delete them), runs terraform destroy in the
# workspace <prefix>-<stage>, and deletes the workspace and its record.

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
parse_args "$@"

step "Checking prerequisites"
require_tools
tf_init
if ! workspace_exists; then
  printf 'No stack %s in this Terraform state: nothing to destroy.\n' "$workspace"
  rm -f "$stack_file"
  exit 0
fi
tf workspace select "$workspace" >/dev/null
resolve_region
check_credentials

if [ "$assume_yes" != true ]; then
  printf '\nThis deletes stack %s in %s, with all its users and messages.\nType its name to go on: ' "$workspace" "$region"
  read -r answer
  [ "$answer" = "$workspace" ] || die "not confirmed; nothing was deleted"
fi

build_bundles_if_missing
[ -f "$stack_file" ] || write_stack_record

outputs="$(tf output -json 2>/dev/null || echo '{}')"
if bucket="$(output_value web_bucket 2>/dev/null)" && [ -n "$bucket" ]; then
  step "Emptying s3://$bucket"
  "$AWS" s3 rm "s3://$bucket" --recursive --only-show-errors || true
fi

# Deletion protection makes DynamoDB refuse DeleteTable: lift it, on the tables only, first.
tables=()
while IFS= read -r address; do
  [ -n "$address" ] && tables+=(-target="$address")
done < <(tf state list | grep -E '^aws_dynamodb_table\.' || true)
if [ ${#tables[@]} -gt 0 ]; then
  step "Turning off the tables' deletion protection ($workspace)"
  tf apply -input=false -auto-approve "${tf_vars[@]}" -var deletion_protection=false "${tables[@]}"
fi

step "terraform destroy ($workspace)"
tf destroy -input=false -auto-approve "${tf_vars[@]}" -var deletion_protection=false
tf workspace select default >/dev/null
tf workspace delete "$workspace" >/dev/null
rm -f "$stack_file"
printf '\n\033[32mDestroyed %s.\033[0m\n' "$workspace"
