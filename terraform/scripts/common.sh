# Shared by deploy.sh and destroy.sh: options, prerequisites, the stack record, Terraform helpers.
# Options (flags win over environment variables):
#   --region R        AWS region of a new stack (CHAT_REGION; else the AWS CLI's own choice:
#                     AWS_REGION, AWS_DEFAULT_REGION, then `aws configure get region`; else refused).
#                     An existing stack stays in the region it was deployed to: another is refused.
#   --prefix P        name prefix (CHAT_PREFIX, default chat)
#   --stage S         stage (CHAT_STAGE, default dev)
#   --alarm-email A   mail the CloudWatch alarms to A, and keep doing so on later deploys
#                     (CHAT_ALARM_EMAIL; --alarm-email '' stops it)          (deploy only)
#   --yes             no confirmation prompt                                  (destroy only)
# One Terraform workspace per <prefix>-<stage>, so several stacks can live side by side. Its
# variables are recorded in terraform/.stacks/<prefix>-<stage>.tfvars.json (git-ignored) and its
# region in the state (output `region`).

set -euo pipefail

scripts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_dir="$(cd "$scripts_dir/.." && pwd)"
repo_dir="$(cd "$tf_dir/.." && pwd)"

TERRAFORM="${TERRAFORM:-terraform}"
AWS="${AWS_CLI:-aws}"

requested_region="${CHAT_REGION:-}"
prefix="${CHAT_PREFIX:-chat}"
stage="${CHAT_STAGE:-dev}"
alarm_email_given=false
alarm_email=""
if [ -n "${CHAT_ALARM_EMAIL+set}" ]; then alarm_email_given=true alarm_email="$CHAT_ALARM_EMAIL"; fi
assume_yes=false
region_pattern='^[a-z]{2}(-[a-z]+)+-[0-9]+$'

die() {
  printf '\n\033[31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

step() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

usage() {
  sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
  printf '\n'
  sed -n '2,/^$/p' "$scripts_dir/common.sh" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --region) requested_region="${2:?--region needs a value}"; shift 2 ;;
      --region=*) requested_region="${1#*=}"; shift ;;
      --prefix) prefix="${2:?--prefix needs a value}"; shift 2 ;;
      --prefix=*) prefix="${1#*=}"; shift ;;
      --stage) stage="${2:?--stage needs a value}"; shift 2 ;;
      --stage=*) stage="${1#*=}"; shift ;;
      --alarm-email) [ $# -ge 2 ] || die "--alarm-email needs a value ('' to stop mailing)"; alarm_email_given=true alarm_email="$2"; shift 2 ;;
      --alarm-email=*) alarm_email_given=true alarm_email="${1#*=}"; shift ;;
      --yes | -y) assume_yes=true; shift ;;
      -h | --help) usage 0 ;;
      *) printf 'unknown option: %s\n\n' "$1" >&2; usage 2 ;;
    esac
  done
  [[ "$prefix" =~ ^[a-z][a-z0-9-]{1,15}$ ]] || die "--prefix '$prefix': 2-16 characters of a-z, 0-9 and -, starting with a letter"
  [[ "$stage" =~ ^[a-z][a-z0-9]{0,9}$ ]] || die "--stage '$stage': 1-10 characters of a-z and 0-9, starting with a letter"
  if [ -n "$requested_region" ] && ! [[ "$requested_region" =~ $region_pattern ]]; then
    die "--region '$requested_region' does not look like an AWS region (e.g. eu-west-1)"
  fi
  if [ -n "$alarm_email" ] && ! [[ "$alarm_email" =~ ^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$ ]]; then
    die "--alarm-email '$alarm_email' is not an email address"
  fi
  workspace="$prefix-$stage"
  stack_file="$tf_dir/.stacks/$workspace.tfvars.json"
  tf_vars=(-var-file="$stack_file")
}

require_tools() {
  command -v node >/dev/null 2>&1 || die "node not found: install Node.js 22 or later (https://nodejs.org)"
  command -v npm >/dev/null 2>&1 || die "npm not found: it comes with Node.js (https://nodejs.org)"
  command -v "$AWS" >/dev/null 2>&1 ||
    die "the AWS CLI ('$AWS') not found: install v2, https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
  command -v "$TERRAFORM" >/dev/null 2>&1 ||
    die "terraform ('$TERRAFORM') not found: install 1.11 or later, https://developer.hashicorp.com/terraform/install"
  local version
  version="$("$TERRAFORM" version -json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).terraform_version))')"
  node -e 'const [a,b]=process.argv[1].split(".").map(Number); process.exit(a>1||(a===1&&b>=11)?0:1)' "$version" ||
    die "terraform $version is too old: 1.11 or later is needed (write-only arguments)"
}

check_credentials() {
  local identity
  if ! identity="$("$AWS" sts get-caller-identity --query '[Account,Arn]' --output text 2>&1)"; then
    die "no usable AWS credentials ($identity).
  Configure some, e.g. 'aws configure', 'aws sso login --profile NAME' with AWS_PROFILE=NAME,
  or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then run this again."
  fi
  printf 'AWS account %s as %s, region %s (%s), stack %s\n' \
    "$(cut -f1 <<<"$identity")" "$(cut -f2 <<<"$identity")" "$region" "$region_source" "$workspace"
}

tf() {
  "$TERRAFORM" -chdir="$tf_dir" "$@"
}

tf_init() {
  tf init -input=false >/dev/null
}

workspace_exists() {
  tf workspace list | sed 's/^[* ]*//' | grep -qx "$workspace"
}

# One field of the stack record (empty when there is no record or no such field).
record_value() {
  [ -f "$stack_file" ] || return 0
  node -e 'const v=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))[process.argv[2]];if(typeof v==="string")console.log(v)' \
    "$stack_file" "$1"
}

# Decides the region: the stack's own if it has one (a different --region is refused: the
# provider would look for the stack there, find nothing and build a second one, leaving the
# first behind), else the requested or the AWS CLI's default. Needs the workspace selected
# when it exists.
resolve_region() {
  local bound="" bound_source=""
  bound="$(record_value region)"
  bound_source="recorded in ${stack_file#"$repo_dir/"}"
  if [ -z "$bound" ] && workspace_exists; then
    bound="$(tf output -raw region 2>/dev/null || true)"
    bound_source="recorded in the stack's Terraform state"
  fi
  if [ -n "$bound" ]; then
    if [ -n "$requested_region" ] && [ "$requested_region" != "$bound" ]; then
      die "stack $workspace lives in $bound ($bound_source); it cannot move to $requested_region.
  Leave --region out (or pass --region $bound) to work on it. To have it in $requested_region,
  destroy it first (npm run destroy -- --prefix $prefix --stage $stage), or deploy another stage there."
    fi
    region="$bound" region_source="$bound_source"
  elif workspace_exists && [ -n "$(tf state list 2>/dev/null || true)" ] && [ -z "$requested_region" ]; then
    die "stack $workspace exists, but its region is not recorded (deployed by an older version):
  pass --region with the region it lives in, once; it is recorded from then on."
  elif [ -n "$requested_region" ]; then
    region="$requested_region" region_source="--region / CHAT_REGION"
  elif [ -n "${AWS_REGION:-}" ]; then
    region="$AWS_REGION" region_source="AWS_REGION"
  elif [ -n "${AWS_DEFAULT_REGION:-}" ]; then
    region="$AWS_DEFAULT_REGION" region_source="AWS_DEFAULT_REGION"
  elif region="$("$AWS" configure get region 2>/dev/null)" && [ -n "$region" ]; then
    region_source="aws configure get region"
  else
    die "no region: pass --region (e.g. --region eu-west-1), or give your AWS CLI profile one (aws configure set region eu-west-1)"
  fi
  [[ "$region" =~ $region_pattern ]] || die "region '$region' ($region_source) does not look like an AWS region (e.g. eu-west-1)"
  export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
}

# Writes the stack record: the variables every terraform run of this stack gets. Other
# variables added to it by hand (api_memory_mb, ...) are kept.
write_stack_record() {
  mkdir -p "$(dirname "$stack_file")"
  node -e '
    const fs = require("fs");
    const [file, region, name_prefix, stage, emailGiven, email] = process.argv.slice(1);
    const vars = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    Object.assign(vars, { region, name_prefix, stage });
    if (emailGiven === "true") {
      if (email) vars.alarm_email = email;
      else delete vars.alarm_email;
    }
    fs.writeFileSync(file, JSON.stringify(vars, null, 2) + "\n");
  ' "$stack_file" "$region" "$prefix" "$stage" "$alarm_email_given" "$alarm_email"
}

# `terraform output -json` of the current workspace -> the value of one output.
output_value() {
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const o=JSON.parse(s)[process.argv[1]];if(!o)process.exit(1);console.log(o.value)})' "$1" <<<"$outputs"
}

build_bundles_if_missing() {
  # Terraform hashes the zips even to destroy: build them when they are not there.
  if [ ! -f "$repo_dir/apps/api/dist/lambda.zip" ] || [ ! -f "$repo_dir/apps/ws/dist/lambda.zip" ]; then
    step "Building the Lambda bundles"
    (cd "$repo_dir" && npm run build -w @chat/api -w @chat/ws)
  fi
}
