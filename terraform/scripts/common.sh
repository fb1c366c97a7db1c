# Shared by deploy.sh and destroy.sh: options, prerequisites, Terraform helpers.
# Options (flags win over environment variables):
#   --region R   AWS region              (CHAT_REGION, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1)
#   --prefix P   name prefix             (CHAT_PREFIX, default chat)
#   --stage S    stage                   (CHAT_STAGE, default dev)
#   --yes        no confirmation prompt  (destroy only)
# One Terraform workspace per <prefix>-<stage>, so several stacks can live side by side.

set -euo pipefail

scripts_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_dir="$(cd "$scripts_dir/.." && pwd)"
repo_dir="$(cd "$tf_dir/.." && pwd)"

TERRAFORM="${TERRAFORM:-terraform}"
AWS="${AWS_CLI:-aws}"

region="${CHAT_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}}"
prefix="${CHAT_PREFIX:-chat}"
stage="${CHAT_STAGE:-dev}"
assume_yes=false

die() {
  printf '\n\033[31merror:\033[0m %s\n' "$*" >&2
  exit 1
}

step() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

usage() {
  sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --region) region="${2:?--region needs a value}"; shift 2 ;;
      --region=*) region="${1#*=}"; shift ;;
      --prefix) prefix="${2:?--prefix needs a value}"; shift 2 ;;
      --prefix=*) prefix="${1#*=}"; shift ;;
      --stage) stage="${2:?--stage needs a value}"; shift 2 ;;
      --stage=*) stage="${1#*=}"; shift ;;
      --yes | -y) assume_yes=true; shift ;;
      -h | --help) usage 0 ;;
      *) printf 'unknown option: %s\n\n' "$1" >&2; usage 2 ;;
    esac
  done
  [[ "$prefix" =~ ^[a-z][a-z0-9-]{1,15}$ ]] || die "--prefix '$prefix': 2-16 characters of a-z, 0-9 and -, starting with a letter"
  [[ "$stage" =~ ^[a-z][a-z0-9]{0,9}$ ]] || die "--stage '$stage': 1-10 characters of a-z and 0-9, starting with a letter"
  [[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "--region '$region' does not look like an AWS region (e.g. eu-west-1)"
  workspace="$prefix-$stage"
  tf_vars=(-var "region=$region" -var "name_prefix=$prefix" -var "stage=$stage")
  export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
}

require_tools() {
  command -v node >/dev/null 2>&1 || die "node not found: install Node.js 20 or later (https://nodejs.org)"
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
  printf 'AWS account %s as %s, region %s, stack %s\n' "$(cut -f1 <<<"$identity")" "$(cut -f2 <<<"$identity")" "$region" "$workspace"
}

tf() {
  "$TERRAFORM" -chdir="$tf_dir" "$@"
}

tf_init() {
  tf init -input=false >/dev/null
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
