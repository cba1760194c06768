#!/usr/bin/env bash
# Starts (or stops) a private WordPress 6.1 + MariaDB on loopback for the
# integration tests: a temp folder holds the database, the site and its
# logs; MariaDB listens only on a socket inside it; PHP's built-in server
# listens on 127.0.0.1:PORT.  Nothing outside the folder is touched.
#
#   wp-server.sh start DIR PORT [--companion]   prints KEY=VALUE lines:
#       WP_URL, WP_USER, WP_APP_PASSWORD, WP_USER2, WP_APP_PASSWORD2
#   wp-server.sh stop DIR
set -euo pipefail

cmd=${1:?usage: wp-server.sh start DIR PORT [--companion] | stop DIR}
dir=${2:?DIR}

stop_group () {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid; pid=$(cat "$pidfile")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

if [ "$cmd" = stop ]; then
  stop_group "$dir/php.pid"
  stop_group "$dir/mariadb.pid.group"
  exit 0
fi

port=${3:?PORT}
companion=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock="$dir/mysqld.sock"

# --- MariaDB -------------------------------------------------------------
if [ ! -d "$dir/data/mysql" ]; then
  mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
    --auth-root-authentication-method=socket --skip-test-db >"$dir/mariadb-install.log" 2>&1
fi
setsid mariadbd --no-defaults --user=root --datadir="$dir/data" --socket="$sock" \
  --pid-file="$dir/mariadb.pid" --skip-networking --log-error="$dir/mariadb.log" \
  --innodb-buffer-pool-size=32M </dev/null >/dev/null 2>&1 &
echo $! > "$dir/mariadb.pid.group"
for _ in $(seq 200); do
  mariadb-admin --no-defaults -S "$sock" -u root ping >/dev/null 2>&1 && break
  sleep 0.05
done
mariadb --no-defaults -S "$sock" -u root <<SQL
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp';
GRANT ALL ON wordpress.* TO 'wp'@'localhost';
SQL

# --- WordPress -----------------------------------------------------------
site="$dir/site"
if [ ! -d "$site" ]; then
  cp -r /usr/share/wordpress "$site"
  rm -f "$site/wp-config.php" "$site/.htaccess"
  rm -rf "$site/wp-content"
  mkdir -p "$dir/content/mu-plugins" "$dir/content/uploads" "$dir/content/plugins" "$dir/content/themes"
  cp -r /usr/share/wordpress/wp-content/themes/. "$dir/content/themes/" 2>/dev/null || true
  cat > "$site/wp-config.php" <<PHP
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (array('AUTH_KEY','SECURE_AUTH_KEY','LOGGED_IN_KEY','NONCE_KEY','AUTH_SALT','SECURE_AUTH_SALT','LOGGED_IN_SALT','NONCE_SALT') as \$k) define(\$k, 'byline-test-' . \$k);
\$table_prefix = 'wp_';
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_CONTENT_DIR', '$dir/content');
define('WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '$dir/wp-debug.log');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
PHP
  cat > "$dir/content/mu-plugins/byline-test-quiet-mail.php" <<'PHP'
<?php
add_filter('pre_wp_mail', '__return_false');
PHP
  cat > "$dir/router.php" <<'PHP'
<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$content = getenv('BYLINE_WP_CONTENT');
if (strpos($path, '/wp-content/') === 0) {
  $file = realpath($content . substr($path, strlen('/wp-content')));
  if ($file && strpos($file, $content) === 0 && is_file($file)) {
    $mime = function_exists('mime_content_type') ? mime_content_type($file) : 'application/octet-stream';
    header('Content-Type: ' . $mime);
    readfile($file);
    return true;
  }
}
if ($path !== '/' && file_exists(__DIR__ . $path) && !is_dir(__DIR__ . $path)) {
  return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require __DIR__ . '/index.php';
PHP
  cp "$dir/router.php" "$site/router.php"
  cat > "$dir/install.php" <<PHP
<?php
define('WP_INSTALLING', true);
\$_SERVER['HTTP_HOST'] = '127.0.0.1:$port';
\$_SERVER['REQUEST_URI'] = '/';
require '$site/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Byline Test Desk', 'editor', 'editor@example.org', false, '', 'editor-login-password-1');
update_option('permalink_structure', '/%postname%/');
\$editor = get_user_by('login', 'editor');
\$editor->set_role('editor');
\$second = wp_insert_user(array('user_login' => 'deskchief', 'user_pass' => 'deskchief-login-password-2', 'user_email' => 'deskchief@example.org', 'role' => 'editor'));
list(\$p1) = WP_Application_Passwords::create_new_application_password(\$editor->ID, array('name' => 'byline-tests'));
list(\$p2) = WP_Application_Passwords::create_new_application_password(\$second, array('name' => 'byline-tests'));
echo "WP_USER=editor\nWP_APP_PASSWORD=\$p1\nWP_USER2=deskchief\nWP_APP_PASSWORD2=\$p2\n";
PHP
  php "$dir/install.php" > "$dir/credentials.env" 2>"$dir/install.log"
fi
if [ "$companion" = --companion ] && [ -f "$here/../../data/wordpress/byline-companion.php" ]; then
  cp "$here/../../data/wordpress/byline-companion.php" "$dir/content/mu-plugins/"
fi

BYLINE_WP_CONTENT="$dir/content" PHP_CLI_SERVER_WORKERS=4 setsid php \
  -d post_max_size=64M -d upload_max_filesize=64M -d display_errors=0 \
  -S "127.0.0.1:$port" -t "$site" "$site/router.php" </dev/null >"$dir/php.log" 2>&1 &
echo $! > "$dir/php.pid"
for _ in $(seq 200); do
  curl -s -o /dev/null "http://127.0.0.1:$port/?rest_route=/" && break
  sleep 0.05
done
echo "WP_URL=http://127.0.0.1:$port"
cat "$dir/credentials.env"
