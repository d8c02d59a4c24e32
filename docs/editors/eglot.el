;;; Cable Text in Emacs with Eglot (built in since Emacs 29; package `eglot' before).
;;; Add to your init file.

(define-derived-mode cable-mode text-mode "Cable"
  "Major mode for US diplomatic cables as WikiLeaks published them.")
(add-to-list 'auto-mode-alist '("\\.cable\\'" . cable-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(cable-mode . ("cable-language-server" "--stdio"
                               :initializationOptions
                               (:cable (:rules (:split-word "error" :paragraph-numbering "off")
                                        :outline (:maxParagraphs 5000)))))))
(add-hook 'cable-mode-hook #'eglot-ensure)
